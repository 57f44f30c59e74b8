"""The terminal's side of the link to the central platform: enrollment, catalogue sync,
uploads of the outbox, heartbeats and remote commands, on a thread of their own."""
