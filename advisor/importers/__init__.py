"""Importers: what suppliers and ERPs send (RMI reporting templates, supplier-master tables)
turned into profile YAML, every value keeping the file, sheet and cell it was read from.

They sit above the profile model (which validates what they write) and below the API; they read
files but never write them: the command line writes the YAML they return.
"""
