package org.stackwise.io.logs;

import java.util.List;
import org.stackwise.lazy.OutputTable;

/**
 * An execution log as read: the member-output table, how many rows were dropped (only with
 * {@link ExecutionLogReader.Options#dropRowsWithMissingMembers()}) and notes a user should see.
 */
public record ExecutionLog(String source, OutputTable table, int droppedRows, List<String> notes) {
  public ExecutionLog {
    notes = List.copyOf(notes);
  }
}
