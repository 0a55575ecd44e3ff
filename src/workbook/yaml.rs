//! `ikp import`: a workbook's tree as faithful YAML.
