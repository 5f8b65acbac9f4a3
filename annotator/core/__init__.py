"""The Qt-free core: documents, spans, scheme, store, import, export, agreement and review."""
