"""`balkg validate` (placeholder until the validation module lands)."""
COMMANDS = []
