"""The supplier profile: frozen pydantic models, field types, building one from a located
YAML document (errors as file:line:col), and its JSON Schema.

``model`` is the profile, ``fields`` the shared field types (countries, numbers that keep
their text), ``build`` turns a document into a model with located problems, ``schema`` the
shipped JSON Schema. Imports only :mod:`advisor.yaml` and :mod:`advisor.errors`.
"""
