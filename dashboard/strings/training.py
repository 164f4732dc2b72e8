"""Russian text of /training: the need from results, the programme base, schools'
requests, the plan-order and what followed the training."""
