"""The ground floor: shared types, text helpers, settings and errors.

Imports nothing else of the project, so every layer (ingest, vectorstore, qa, ui, evals) can
build on it: `vectorstore` imports only this; `ingest` this and `vectorstore`; `qa` all three.
"""
