/**
 * In-memory fakes of the engine's ports, with the contracts of the real adapters (the Git store,
 * the SQLite registry, the local endpoint deployer, the status, smoke and cursor files) and knobs a
 * test turns by hand: a step of the endpoint's asynchronous work, a scripted failure, a port that
 * throws. No mocking framework: a fake is a small working implementation.
 */
package dev.mlops.fakes;
