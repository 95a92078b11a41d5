"""Stock: what is available to sell (one rule, `available`), how fast it turns (`turnover`),
and the SELECTs they read (`reads`); the board, the review, planning and the simulator use
them alike."""
