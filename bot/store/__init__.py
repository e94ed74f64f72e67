"""The relational store: SQLAlchemy tables, Alembic migrations and repositories that speak the domain."""
