package dev.mailroom;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(MailroomApplication.class);

	@Test
	void modulesOnlyUseTheirDeclaredDependencies() {
		this.modules.verify();
	}

	@Test
	void capabilitiesAreModules() {
		assertThat(this.modules.stream().map((module) -> module.getIdentifier().toString())).contains("account",
				"mailbox", "mime", "api", "web", "database");
	}

	@Test
	void writesModuleDiagramToDocs() {
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder("docs/modules"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();
	}

}
