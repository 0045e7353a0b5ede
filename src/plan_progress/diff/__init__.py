"""`plan-progress diff`: what changed from one yearly report of a plan to the next."""
