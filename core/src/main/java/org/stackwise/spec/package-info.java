/**
 * Specs: JSON descriptions of learners and ensembles, and named presets. A spec is either a catalogue
 * learner, {@code {"learner": "knn", "params": {"k": 15}}}, or an ensemble whose members are specs
 * themselves: {@code {"stacking": {...}}}, {@code {"voting": {...}}}, {@code {"blending": {...}}},
 * {@code {"bagging": {...}}}. Parsing binds JSON to known record types only; unknown keys are errors
 * that name the path.
 */
package org.stackwise.spec;
