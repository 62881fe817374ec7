"""What a finished game means and what a class does with it: debriefs, reports, what-if, class codes, the class overview, a teacher's own best person."""
