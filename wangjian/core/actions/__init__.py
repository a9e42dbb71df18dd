"""State changes of the core app. Each action takes a keyword-only ``actor``, runs in one
transaction and writes its audit event inside it. One module per area."""
