"""The office side of protocol v1: the local replica and the change-feed puller."""
