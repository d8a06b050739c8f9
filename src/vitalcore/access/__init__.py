"""Who may do what (roles) and how secrets are kept (credentials).

Shared by the API, the workflow and the CLI, and free of web imports, so that
`vitalcore users add` works without building an app.
"""
