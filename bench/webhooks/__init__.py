"""The webhook receiver under load, killed and restarted, then under slow clients and a 413
flood: the bench run as `python bench/webhooks [--rate 500] [--seconds 60] ...`.

receiver_setup builds the store and starts `livestock serve-webhooks` on it; load plans the
signed deliveries, sends them with retries and times the board meanwhile; phases presses on
the receiver (slow clients, the 413 flood) while signed deliveries go on; audit checks the
store; report prints. __main__ is the command and the run in order (its docstring says what
is measured).
"""
