# Every recipe delegates to `cargo xtask`, which needs nothing but cargo.

# Run Atende (SPA + API on http://127.0.0.1:8080, SQLite, demo data).
run *ARGS:
    cargo xtask run {{ARGS}}

# Every check CI runs: fmt, clippy, tests on SQLite and PostgreSQL, e2e.
test *ARGS:
    cargo xtask test {{ARGS}}

# Build the SPA into frontend/dist.
build-frontend:
    cargo xtask build-frontend

# Rewrite openapi/openapi.json from the code.
openapi:
    cargo xtask openapi

# Browser tests only.
e2e:
    cargo xtask e2e
