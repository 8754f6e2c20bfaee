"""A profile whose supplier declares smelters.

Used by tests/engine/test_smelters.py and tests/render/test_reports.py.
"""

BASE = """\
version: 1
as_of: 2026-06-30
company: {name: Example Motors, sector: ev_motors, headquarters: DE, currency: EUR}
materials:
  - id: w-powder
    mineral: W
    form: tungsten powder
    stage: metal_alloy
    annual_demand: {quantity: 20, unit: t}
    criticality: high
    suppliers:
      - id: tanaka
        name: Tanaka Trading
        country: JP
        share: 1
        smelters:
          - metal: Tungsten
            name: Jiangxi Tungsten Co
            rmi_id: CID000001
            country: CN
            source: {file: books/tanaka.xlsx, sheet: Smelter List, cell: E5}
"""
