"""The cohort gives what it was designed to give (issue 20, item 6).

One cohort of 1,000 + 1,000 is one sample: its within-DMN g can sit 0.05–0.1 from the design
(the standard error of g at that size, larger for the unmedicated subgroup). Averaged over five
independent cohorts of 2,000 + 2,000, the designed values are recovered; the parameter table and
the datasheet quote these averages.
"""
import numpy as np
import pandas as pd
import pytest

from dmnlab.cohort import parameters, population
from dmnlab.methods import connectivity, stats

pytestmark = pytest.mark.slow

SEEDS = (1, 2, 3, 4, 5)
N_PER_GROUP = 2000
#: What five cohorts of 2,000 + 2,000 give on average (quoted by the parameter table and the datasheet).
AVERAGES = {"all": -0.23, "none": 0.01, "antidepressant": -0.39}


@pytest.fixture(scope="module")
def within_dmn_g():
    rows = []
    for seed in SEEDS:
        cohort = population.simulate_cohort(N_PER_GROUP, N_PER_GROUP, mode="realistic", seed=seed)
        within = pd.Series([connectivity.summarise_run(population.simulate_participant(row, "baseline"))["within DMN"]
                            for _, row in cohort.iterrows()], index=cohort.index)
        patient, control = cohort.group == "depressed", within[cohort.group == "control"]
        rows.append({"all": stats.hedges_g(within[patient], control).g,
                     **{med: stats.hedges_g(within[patient & (cohort.medication == med)], control).g
                        for med in ("none", "antidepressant")}})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("group", ["all", "none", "antidepressant"])
def test_large_cohorts_recover_the_designed_within_dmn_difference(within_dmn_g, group):
    designed = parameters.expected_group_difference("within DMN", "realistic", None if group == "all" else group)
    average = within_dmn_g[group].mean()
    assert average == pytest.approx(designed, abs=0.03), (group, average, designed)
    assert round(average, 2) == pytest.approx(AVERAGES[group], abs=0.011), "update the quoted averages"
    # One cohort is one sample: its spread across seeds is the standard error the docs mention.
    assert within_dmn_g[group].std() < 0.06
    assert np.all(np.abs(within_dmn_g[group] - designed) < 0.12)


def test_the_averages_are_quoted_where_the_design_is_described():
    from conftest import REPO

    quoted = [f"{value:+.2f}".replace("-", "−") if value > 0 else f"{value:.2f}".replace("-", "−")
              for value in AVERAGES.values()]
    table = " ".join(parameters.parameter_table()["size source"])
    for where, text in (("parameter table", table),
                        ("About the data", open(f"{REPO}/book/about-data.md", encoding="utf-8").read()),
                        ("data/README.md", open(f"{REPO}/data/README.md", encoding="utf-8").read())):
        for value in quoted:
            assert value in text, (where, value)
