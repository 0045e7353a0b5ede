"""The operator's check of a deployed review page or SPARQL endpoint against the attacks of
issue 24 (scripts/abuse_check.py): each attack is sent, with bounded counts and time, only
to the address given, and the answer is compared with what the service must answer."""
