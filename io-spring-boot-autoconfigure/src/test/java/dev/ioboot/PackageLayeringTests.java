package dev.ioboot;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import dev.ioboot.server.IoServer;
import dev.ioboot.server.IoServerFactory;
import dev.ioboot.server.IoServerLifecycle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering of the starter's packages: netty-socketio behind one wall, the server split
 * by protocol layer, lower layers that never reach back to the server that owns them, and a
 * root API that needs no optional feature.
 */
class PackageLayeringTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.ioboot");

	@Test
	void onlyTheNettyPackageUsesNettySocketIo() {
		noClasses().that()
			.resideOutsideOfPackage("dev.ioboot.server.netty..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.corundumstudio..")
			.check(classes);
	}

	@Test
	void nothingOutsideTheServerReachesItsProtocolLayers() {
		noClasses().that()
			.resideOutsideOfPackage("dev.ioboot.server..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ioboot.server.engine..", "dev.ioboot.server.socket..",
					"dev.ioboot.server.netty..")
			.check(classes);
	}

	@Test
	void engineIoKnowsNothingOfSocketIo() {
		noClasses().that()
			.resideInAPackage("dev.ioboot.server.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ioboot.server.socket..", "dev.ioboot.server.netty..")
			.check(classes);
	}

	@Test
	void protectionKnowsNoProtocolLayer() {
		noClasses().that()
			.resideInAPackage("dev.ioboot.server.protect..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ioboot.server.engine..", "dev.ioboot.server.socket..",
					"dev.ioboot.server.netty..")
			.check(classes);
	}

	@Test
	void theWallKnowsNoProtocolLayer() {
		noClasses().that()
			.resideInAPackage("dev.ioboot.server.netty..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ioboot.server.engine..", "dev.ioboot.server.socket..",
					"dev.ioboot.server.protect..")
			.check(classes);
	}

	@Test
	void layersBelowTheServerDoNotReachBackToIt() {
		noClasses().that()
			.resideInAnyPackage("dev.ioboot.server.engine..", "dev.ioboot.server.socket..",
					"dev.ioboot.server.protect..", "dev.ioboot.server.netty..")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(IoServer.class, IoServerFactory.class, IoServerLifecycle.class)
			.check(classes);
	}

	@Test
	void theRootApiNeedsNoFeature() {
		noClasses().that()
			.resideInAPackage("dev.ioboot")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ioboot.content..", "dev.ioboot.security..", "dev.ioboot.actuate..",
					"dev.ioboot.server..", "dev.ioboot.autoconfigure..", "com.corundumstudio..")
			.check(classes);
	}

}
