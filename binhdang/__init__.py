"""binhdang: plans, tasks, reports and indicators for gender-equality work in Vietnam."""
