"""Pure domain logic: no clock, no environment, no I/O; time and randomness are arguments."""
