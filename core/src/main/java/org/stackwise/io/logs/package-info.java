/**
 * Execution logs ({@code .jsonl}): the member outputs, costs and labels of models seen only through
 * their logs (LLM APIs, remote services). {@link org.stackwise.io.logs.ExecutionLogReader} validates
 * strictly and names file, line and rule in every error; {@link org.stackwise.io.logs.ExecutionLogWriter}
 * writes what the reader reads back exactly; {@link org.stackwise.io.logs.CostTable} supplies or
 * overrides costs; {@link org.stackwise.io.logs.RouterBenchImporter} converts RouterBench CSVs
 * (Hu et al. 2024, "RouterBench: A Benchmark for Multi-LLM Routing System").
 */
package org.stackwise.io.logs;
