"""Limits for tests that compare printed forms, with a deadline no test approaches.

Tidying gives up after a share of the deadline and leaves the derivative untidied; on a loaded
machine a 2-second deadline can cut a tidy short, and the same derivative then prints in
another form. Tests of forms (golden traces, trace roots, tidy quality) use these limits so
they check the forms, not the machine's speed. The deadline itself is tested elsewhere.
"""

from service.calculus.limits import Limits

UNHURRIED = Limits(deadline_seconds=60.0)
