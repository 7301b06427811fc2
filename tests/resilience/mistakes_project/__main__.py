"""Runs the program that stack config `mistakes:program` names (see mistakes.PROGRAMS).

Each preview gets a program process of its own: previews that fail one after another in a
single process (Automation API inline programs) share Pulumi's runtime, and a program
still winding down from the previous failure once ended the next preview early.
"""

import pulumi

from tests.resilience.mistakes import PROGRAMS

PROGRAMS[pulumi.Config().require("program")]()
