package dev.ioboot.server.socket;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Collects the acknowledgements of one broadcast: the answers of this node's sockets and of
 * the other nodes' sockets, complete once every node said how many sockets it asked and that
 * many answered, or when the timeout passes, with the answers received by then.
 */
final class BroadcastAcks {

	private final List<Object> answers = new ArrayList<>();

	private final CompletableFuture<List<Object>> result = new CompletableFuture<>();

	private final Executor completions;

	private int expectedClients;

	private int expectedNodes = -1;

	private int countedNodes;

	private boolean done;

	/**
	 * Create a collector.
	 * @param completions where the result completes (a handler thread, not the thread an
	 * answer arrived on)
	 */
	BroadcastAcks(Executor completions) {
		this.completions = completions;
	}

	CompletableFuture<List<Object>> result() {
		return this.result;
	}

	/**
	 * This node asked its sockets.
	 * @param clients the number of sockets asked
	 */
	synchronized void localClients(int clients) {
		this.expectedClients += clients;
		completeIfAnswered();
	}

	/**
	 * Another node asked its sockets.
	 * @param clients the number of sockets asked
	 */
	synchronized void remoteClients(int clients) {
		this.expectedClients += clients;
		this.countedNodes++;
		completeIfAnswered();
	}

	/**
	 * The number of other nodes that will report how many sockets they asked is known.
	 * @param nodes the number of other nodes
	 */
	synchronized void otherNodes(int nodes) {
		this.expectedNodes = nodes;
		completeIfAnswered();
	}

	synchronized void answer(Object answer) {
		if (!this.done) {
			this.answers.add(answer);
			completeIfAnswered();
		}
	}

	/**
	 * The timeout passed: complete with the answers received so far.
	 */
	synchronized void timedOut() {
		complete();
	}

	private void completeIfAnswered() {
		if (this.expectedNodes >= 0 && this.countedNodes >= this.expectedNodes
				&& this.answers.size() >= this.expectedClients) {
			complete();
		}
	}

	private void complete() {
		if (this.done) {
			return;
		}
		this.done = true;
		// a copy that keeps nulls: a client may acknowledge with no argument or null
		List<Object> collected = Collections.unmodifiableList(new ArrayList<>(this.answers));
		try {
			this.completions.execute(() -> this.result.complete(collected));
		}
		catch (RejectedExecutionException ex) {
			this.result.complete(collected);
		}
	}

}
