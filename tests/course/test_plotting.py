"""Plot functions return figures that display as images, with colour-blind-safe colours."""
import numpy as np
import pytest

from dmnlab.cohort.signals import simulate_run
from dmnlab.course import plotting
from dmnlab.study.nodes import NETWORK_COLOURS, NODE_LABELS, build_node_table


def _is_png(figure):
    return figure._repr_png_().startswith(b"\x89PNG")


def test_plot_functions_return_displayable_figures():
    run = simulate_run(seed=1)
    figures = [
        plotting.plot_nodes(build_node_table(), highlight="PCC"),
        plotting.plot_connectivity_matrix(np.corrcoef(run.to_numpy().T)),
        plotting.plot_timeseries(run, ["PCC", "mPFC"]),
    ]
    assert all(_is_png(figure) for figure in figures)


def test_plot_into_a_given_axes():
    figure = plotting.new_figure(6, 3)
    ax = figure.add_subplot(1, 2, 2)
    assert plotting.plot_connectivity_matrix(np.eye(len(NODE_LABELS)), ax=ax, colorbar=False) is figure


def test_network_colours_are_the_okabe_ito_palette():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(NETWORK_COLOURS.values()) <= okabe_ito
    assert plotting.CORRELATION_CMAP in ("RdBu_r", "PuOr_r", "PuOr")


def test_glass_brain_edges_respect_the_threshold():
    nodes = build_node_table()
    brain = plotting.GlassBrain(nodes[["x", "y", "z"]].to_numpy(), ["#0072B2"] * len(nodes))
    matrix = np.zeros((len(nodes), len(nodes)))
    matrix[0, 1] = matrix[1, 0] = 0.5
    matrix[0, 2] = matrix[2, 0] = 0.2
    assert brain.set_edges(matrix, threshold=0.3) == 1
    assert brain.set_edges(matrix, threshold=0.1) == 2
    with pytest.raises(ValueError, match=f"Give a {len(nodes)} × {len(nodes)} matrix"):
        brain.set_edges(np.zeros((2, 2)))


def test_figures_carry_their_alt_text_in_the_png():
    import io

    from PIL import Image

    run = simulate_run(seed=2)
    matrix = np.corrcoef(run.to_numpy().T)
    figure = plotting.plot_connectivity_matrix(matrix)
    within_dmn = np.mean([matrix[i, j] for i in range(7) for j in range(i + 1, 7)])
    assert f"DMN {within_dmn:.2f}" in figure.alt_text
    description = Image.open(io.BytesIO(figure._repr_png_())).text["Description"]
    assert description == figure.alt_text


def test_figures_without_alt_text_get_a_description_from_their_labels():
    figure = plotting.new_figure(4, 3)
    ax = figure.add_subplot()
    ax.plot(range(10))
    ax.set_xlabel("time (s)")
    ax.set_title("A test")
    assert "A test" in plotting.describe_figure(figure) and "time (s)" in plotting.describe_figure(figure)


def _alpha_and_corner(png: bytes):
    from io import BytesIO

    from PIL import Image

    pixels = np.asarray(Image.open(BytesIO(png)).convert("RGBA"))
    return int(pixels[..., 3].min()), tuple(int(v) for v in pixels[0, 0, :3])


TRANSPARENT_STYLE = {"figure.facecolor": "none", "savefig.facecolor": "none", "savefig.transparent": True}


def test_course_figures_are_opaque_white_whatever_the_style():
    """A figure shown on a dark page (the book's dark mode, JupyterLab's dark theme) keeps its white
    background: a transparent one would show the course's dark text on the dark page."""
    import matplotlib

    with matplotlib.rc_context(TRANSPARENT_STYLE):
        figure = plotting.new_figure(2, 1)
        figure.add_subplot().set_title("dark text")
        png = figure._repr_png_()
    assert _alpha_and_corner(png) == (255, (255, 255, 255))


def test_a_transparent_figure_would_be_caught():
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(TRANSPARENT_STYLE):
        figure = Figure(figsize=(2, 1))
        FigureCanvasAgg(figure)
        figure.add_subplot().set_title("dark text")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    assert _alpha_and_corner(buffer.getvalue())[0] == 0
