"""Money-flow rules, entity resolution, relations, graph metrics over the case."""
