package org.stackwise.cli.serve;

/**
 * A request the server refuses, with the HTTP status and the message sent to the client (which names
 * the field or limit at fault and never contains a stack trace).
 */
final class RequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  RequestException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static RequestException badRequest(String message) {
    return new RequestException(400, message);
  }
}
