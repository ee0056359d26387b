package dev.ioboot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.ioboot.server.IoServerStartException;

/**
 * Explains a Socket.IO server that could not start listening, typically a port in use.
 */
class IoServerStartFailureAnalyzer extends AbstractFailureAnalyzer<IoServerStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IoServerStartException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				"Stop the process that is listening on that port, or configure io.socket.server-options.port "
						+ "(0 picks a free port).",
				cause);
	}

}
