/**
 * The {@code stackwise} command line (picocli): {@code fit}, {@code evaluate}, {@code predict},
 * {@code describe}, {@code cv} and {@code demo}. Each subcommand is thin: it turns options into
 * library calls ({@link org.stackwise.spec.Specs}, {@link org.stackwise.data.read.TableReader},
 * {@link org.stackwise.io.ModelFile}) and prints the result.
 *
 * <p>Conventions shared by every subcommand: {@code --json} prints exactly one JSON object on stdout
 * and nothing else there (human tables then go to stderr); progress bars go to stderr and only when it
 * is a terminal; exit code 0 for success, 2 for bad usage or bad input (one line
 * {@code stackwise: error: <where>: <rule>} on stderr), 1 for failures while running. Output files are
 * written to a temporary file beside the target and moved into place, so a failed command never leaves
 * a partial file.
 */
package org.stackwise.cli;
