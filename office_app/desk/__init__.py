"""The office desk: what the TUI shows and does, without any UI framework."""
