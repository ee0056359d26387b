package dev.ioboot.server.socket;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ioboot.IoDynamicNamespace;
import dev.ioboot.server.ConnectionStateRecovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SocketNamespaces}: configured namespaces, and those dynamic groups create,
 * within their limit.
 */
class SocketNamespacesTests {

	private final SocketNamespaces namespaces = new SocketNamespaces(List.of("/", "/admin"),
			List.of(IoDynamicNamespace.matching("tenants", "/tenant-\\d+")), ConnectionStateRecovery.DISABLED, 2);

	@Test
	void groupCreatesTheNamespacesItMatchesOnce() {
		SocketNamespace created = this.namespaces.connectTo("/tenant-1", null);
		assertThat(created.name()).isEqualTo("/tenant-1");
		assertThat(created.group()).isEqualTo("tenants");
		assertThat(this.namespaces.connectTo("/tenant-1", null)).isSameAs(created);
		assertThat(this.namespaces.find("/admin").group()).isNull();
		assertThat(this.namespaces.names()).containsExactly("/", "/admin", "/tenant-1");
	}

	@Test
	void nameNoGroupMatchesIsRefused() {
		assertThat(this.namespaces.connectTo("/tenant-x", null)).isNull();
		assertThat(this.namespaces.connectTo("tenant-1", null)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> this.namespaces.get("/other"))
			.withMessageContaining("dynamic groups [tenants]");
	}

	@Test
	void groupsCreateNoMoreThanTheLimit() {
		assertThat(this.namespaces.connectTo("/tenant-1", null)).isNotNull();
		assertThat(this.namespaces.connectTo("/tenant-2", null)).isNotNull();
		assertThat(this.namespaces.connectTo("/tenant-3", null)).as("over io.limits.max-dynamic-namespaces").isNull();
		assertThat(this.namespaces.connectTo("/tenant-2", null)).as("an existing one is still found").isNotNull();
		assertThat(this.namespaces.find("/admin")).isNotNull();
	}

	@Test
	void recoveryGivesEachNamespaceItsOwnBuffer() {
		SocketNamespaces recovering = new SocketNamespaces(List.of("/"),
				List.of(IoDynamicNamespace.matching("tenants", "/tenant-\\d+")), ConnectionStateRecovery.withDefaults(),
				0);
		SessionRecovery root = recovering.find("/").recovery();
		SessionRecovery tenant = recovering.connectTo("/tenant-1", null).recovery();
		assertThat(root).isNotNull();
		assertThat(tenant).isNotNull().isNotSameAs(root);
		assertThat(this.namespaces.find("/").recovery()).as("recovery off").isNull();
	}

}
