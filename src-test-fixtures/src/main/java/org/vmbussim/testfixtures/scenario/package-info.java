/**
 * Scenario replay for test suites: find scenario files (in a folder or on the class path, directories and jars
 * alike) with their golden transcripts, replay each twice, compare with the golden one and show a unified diff
 * ({@link org.vmbussim.testfixtures.scenario.ScenarioTests} turns that into JUnit dynamic tests). The format is
 * in {@code docs/scenarios.md}.
 */
package org.vmbussim.testfixtures.scenario;
