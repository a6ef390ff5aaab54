package dev.mailroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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
	void writesModuleDiagramToDocs() throws IOException {
		Path folder = Path.of("docs/modules");
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder(folder.toString()))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();
		// Modulith writes the relations in hash order; sorted, the committed
		// diagrams only change when the modules do.
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".puml")).toList()) {
				List<String> lines = Files.readAllLines(file);
				List<String> relations = lines.stream().filter((line) -> line.startsWith("Rel(")).sorted().toList();
				int next = 0;
				for (int i = 0; i < lines.size(); i++) {
					if (lines.get(i).startsWith("Rel(")) {
						lines.set(i, relations.get(next++));
					}
				}
				Files.write(file, lines);
				assertThat(lines).anyMatch((line) -> line.startsWith("@startuml"));
			}
		}
	}

}
