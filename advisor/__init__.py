"""advisor: a procurement risk advisor for critical minerals."""

__version__ = "0.1.0"
#: The distribution name on the package index (the command and the import name are `advisor`).
DISTRIBUTION = "mineral-advisor"
#: The project's public repository, the one setting every link in a report starts from (rule
#: documentation, the tool's page). None until the project has a public home: reports then
#: carry no links rather than invented ones.
REPOSITORY_URL: str | None = None
