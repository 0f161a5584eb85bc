package org.stackwise.lazy;

/**
 * Runs one member on demand for a lazy prediction: an in-process model, a remote service, an LLM API.
 * {@link LazyStackModel#predict} calls it once per member it decides to run, in order, from the
 * calling thread. An exception (or an invalid distribution) counts as that member failing: the
 * cascade then answers with what it has (see {@link CascadeTrace.ExitReason#MEMBER_FAILED}).
 *
 * @param <I> the input type: a feature row, a row id, a prompt
 */
@FunctionalInterface
public interface MemberInvoker<I> {
  /**
   * Runs member {@code member} (named {@code name}) on {@code input}.
   *
   * @return its class distribution (over the model's classes, in order) and the cost of this call,
   *     or {@link Double#NaN} to charge the cost model's mean cost of the member
   */
  MemberOutput invoke(int member, String name, I input) throws Exception;
}
