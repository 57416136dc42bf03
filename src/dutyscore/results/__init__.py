"""Results: the evaluation object, its typed models (the JSON contract), tables and explanations."""
