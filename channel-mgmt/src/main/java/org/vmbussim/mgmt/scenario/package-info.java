/**
 * Scenario replay: a line-based text format for host actions (offer, rescind, hot-add, faults), guest actions
 * (boot, drivers, probe, unbind, unload) and expectations, a parser with {@code file:line} errors, a registry of
 * named scenario drivers, and a runner that replays a scenario over a
 * {@link org.vmbussim.mgmt.sim.SimulatedVm} on a seeded deterministic scheduler and writes a transcript. The
 * format is documented in {@code docs/scenarios.md}.
 *
 * <pre>{@code
 * DriverRegistry drivers = DriverRegistry.discover();
 * Scenario scenario = new ScenarioParser(drivers).parse(Path.of("boot.scenario"));
 * ScenarioResult result = new ScenarioRunner().run(scenario);
 * result.transcript().forEach(System.out::println);
 * }</pre>
 */
package org.vmbussim.mgmt.scenario;
