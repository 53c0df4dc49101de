"""The course's regions of interest ("nodes") and the networks they belong to.

Every node's MNI coordinate comes from a source that ships with nilearn (so the
table can be rebuilt offline) or from a cited literature seed. ``NODE_SPECS`` is
the single place where the nodes are defined; :func:`build_node_table` looks the
coordinates up in nilearn's atlases and :func:`load_nodes` reads the saved table
``data/nodes.tsv`` (with checks).

Network names follow the course (salience, central executive, affective). The
atlases use other names: Dosenbach et al. (2010) call the salience nodes
"cingulo-opercular" and the central-executive nodes "fronto-parietal"; Seitzman
et al. (2020) file the hippocampus under "MedialTemporalLobe" and the amygdala
under "Reward". The column ``atlas_network`` keeps the atlas's own name.

The Seitzman atlas was published in 2020 (NeuroImage 206:116290,
doi:10.1016/j.neuroimage.2019.116290); nilearn's fetcher and the course's atlas
key carry the year 2018 in their names: ``fetch_coords_seitzman_2018`` and
``"seitzman_2018"``.
"""
from __future__ import annotations

from dataclasses import dataclass

import lazy_loader as lazy
import numpy as np

pd = lazy.load("pandas")

#: Display order of the networks, and a colour-blind-safe colour for each
#: (Okabe & Ito 2008 palette).
NETWORKS = ("DMN", "salience", "central executive", "affective")
NETWORK_COLOURS = {
    "DMN": "#0072B2",  # blue
    "salience": "#E69F00",  # orange
    "central executive": "#009E73",  # bluish green
    "affective": "#CC79A7",  # reddish purple
}
NETWORK_DESCRIPTIONS = {
    "DMN": "default mode network: active at rest and during inward-directed thought",
    "salience": "salience network: flags which internal or external signals deserve attention",
    "central executive": "central executive network: working memory and goal-directed attention",
    "affective": "affective network: emotional evaluation, including mood-related limbic regions",
}
#: Networks that activate during externally directed tasks ("task-positive").
TASK_POSITIVE_NETWORKS = ("salience", "central executive")


@dataclass(frozen=True)
class NodeSpec:
    """How one node is defined.

    ``atlas`` names the nilearn coordinate atlas to look the node up in, or
    ``None`` when the coordinate is a literature seed given in ``mni``.
    """

    label: str
    name: str
    network: str
    hemisphere: str  # "L", "R" or "midline"
    mni: tuple[float, float, float]  # mm, MNI152 space
    atlas: str | None
    source: str
    role: str


NODE_SPECS: tuple[NodeSpec, ...] = (
    NodeSpec("PCC", "posterior cingulate cortex", "DMN", "midline", (0, -52, 18), None,
             "nilearn seed-to-voxel example (PCC seed)",
             "central hub: autobiographical memory and orienting the self in time and space"),
    NodeSpec("mPFC", "medial prefrontal cortex", "DMN", "midline", (1, 50, -5), None,
             "nilearn sphere-based connectome example (mPFC seed)",
             "self-evaluation and personal significance; the DMN is also active when people "
             "imagine others' perspectives (Buckner et al. 2008)"),
    NodeSpec("PCUN", "precuneus", "DMN", "midline", (-6, -56, 29), "dosenbach_2010",
             "Dosenbach et al. 2010, 'precuneus 112' (default)",
             "hub with PCC: self-related imagery and awareness of the inner state"),
    NodeSpec("AG_L", "angular gyrus (left)", "DMN", "L", (-48, -63, 35), "dosenbach_2010",
             "Dosenbach et al. 2010, 'angular gyrus 124' (default)",
             "semantic processing and integration of sensory and conceptual information"),
    NodeSpec("AG_R", "angular gyrus (right)", "DMN", "R", (51, -59, 34), "dosenbach_2010",
             "Dosenbach et al. 2010, 'angular gyrus 117' (default)",
             "semantic processing and integration of sensory and conceptual information"),
    NodeSpec("HIPP_L", "hippocampus (left)", "DMN", "L", (-25.6, -11.8, -21.5), "seitzman_2018",
             "Seitzman et al. 2020 (MedialTemporalLobe, hippocampus)",
             "medial temporal lobe: supplies autobiographical memories"),
    NodeSpec("HIPP_R", "hippocampus (right)", "DMN", "R", (24.7, -11.3, -22.7), "seitzman_2018",
             "Seitzman et al. 2020 (MedialTemporalLobe, hippocampus)",
             "medial temporal lobe: supplies autobiographical memories"),
    NodeSpec("AINS_L", "anterior insula (left)", "salience", "L", (-36, 18, 2), "dosenbach_2010",
             "Dosenbach et al. 2010, 'ant insula 28' (cingulo-opercular)",
             "detects salient bodily and external events"),
    NodeSpec("AINS_R", "anterior insula (right)", "salience", "R", (38, 21, -1), "dosenbach_2010",
             "Dosenbach et al. 2010, 'ant insula 26' (cingulo-opercular)",
             "detects salient events; proposed to help switch between networks (triple-network model)"),
    NodeSpec("dACC", "dorsal anterior cingulate cortex", "salience", "midline", (9, 20, 34),
             "dosenbach_2010", "Dosenbach et al. 2010, 'dACC 27' (cingulo-opercular)",
             "monitors conflict and flags what needs control"),
    NodeSpec("DLPFC_L", "dorsolateral prefrontal cortex (left)", "central executive", "L",
             (-44, 27, 33), "dosenbach_2010", "Dosenbach et al. 2010, 'dlPFC 24' (fronto-parietal)",
             "working memory and goal-directed control"),
    NodeSpec("DLPFC_R", "dorsolateral prefrontal cortex (right)", "central executive", "R",
             (46, 28, 31), "dosenbach_2010", "Dosenbach et al. 2010, 'dlPFC 22' (fronto-parietal)",
             "working memory and goal-directed control"),
    NodeSpec("PPC_L", "posterior parietal cortex (left)", "central executive", "L",
             (-35, -46, 48), "dosenbach_2010",
             "Dosenbach et al. 2010, 'post parietal 99' (fronto-parietal)",
             "directs attention to task-relevant information"),
    NodeSpec("PPC_R", "posterior parietal cortex (right)", "central executive", "R",
             (44, -52, 47), "dosenbach_2010", "Dosenbach et al. 2010, 'IPL 107' (fronto-parietal)",
             "directs attention to task-relevant information"),
    NodeSpec("AMY_L", "amygdala (left)", "affective", "L", (-20.3, -2.3, -22.2), "seitzman_2018",
             "Seitzman et al. 2020 (Reward, amygdala)",
             "evaluates emotional, especially threatening, stimuli"),
    NodeSpec("AMY_R", "amygdala (right)", "affective", "R", (19.5, -1.9, -23.1), "seitzman_2018",
             "Seitzman et al. 2020 (Reward, amygdala)",
             "evaluates emotional, especially threatening, stimuli"),
    NodeSpec("sgACC", "subgenual anterior cingulate cortex", "affective", "midline", (0, 21, -10),
             None, "literature seed (https://pmc.ncbi.nlm.nih.gov/articles/PMC4631618/)",
             "mood regulation; its coupling with the DMN is linked to rumination"),
)

NODE_LABELS: tuple[str, ...] = tuple(spec.label for spec in NODE_SPECS)
DMN_NODES: tuple[str, ...] = tuple(s.label for s in NODE_SPECS if s.network == "DMN")
TASK_POSITIVE_NODES: tuple[str, ...] = tuple(
    s.label for s in NODE_SPECS if s.network in TASK_POSITIVE_NETWORKS
)
NODE_NETWORK: dict[str, str] = {s.label: s.network for s in NODE_SPECS}
CE_NODES: tuple[str, ...] = tuple(s.label for s in NODE_SPECS if s.network == "central executive")

NODE_COLUMNS = {
    "label": "short name used as a column name in the time-series files",
    "name": "full anatomical name",
    "network": "network in this course (DMN, salience, central executive, affective)",
    "hemisphere": "L, R or midline",
    "x": "MNI152 x coordinate, mm (negative = left)",
    "y": "MNI152 y coordinate, mm (negative = posterior)",
    "z": "MNI152 z coordinate, mm (negative = inferior)",
    "atlas": "nilearn coordinate atlas the coordinate was read from, or 'literature'",
    "atlas_label": "the region's label in that atlas",
    "atlas_network": "the network name that atlas uses",
    "source": "citation for the coordinate",
    "role": "what the region contributes, in one line (see the chapter 1 page)",
}


def _atlas_table(atlas: str) -> pd.DataFrame:
    """Coordinates, labels and network names of a nilearn coordinate atlas.

    Both atlases ship inside nilearn, so this works offline.
    """
    from nilearn import datasets  # slow import (~3 s): only when building the table

    if atlas == "dosenbach_2010":
        # ordered_regions=False keeps labels and networks aligned with the rows
        # (with the default ordering nilearn 0.14.1 reorders labels but not networks).
        bunch = datasets.fetch_coords_dosenbach_2010(ordered_regions=False)
        table = bunch.rois[["x", "y", "z"]].reset_index(drop=True).astype(float)
        table["atlas_label"] = [str(label) for label in bunch.labels]
        table["atlas_network"] = [str(net) for net in bunch.networks]
    elif atlas == "seitzman_2018":  # the atlas of Seitzman et al. 2020 (nilearn names it 2018)
        bunch = datasets.fetch_coords_seitzman_2018()
        table = bunch.rois[["x", "y", "z"]].reset_index(drop=True).astype(float)
        table["atlas_label"] = [str(region) for region in bunch.regions]
        table["atlas_network"] = [str(net) for net in bunch.networks]
    else:
        raise ValueError(f"Unknown atlas {atlas!r}; expected 'dosenbach_2010' or 'seitzman_2018'.")
    return table


def build_node_table(max_distance_mm: float = 1.0) -> pd.DataFrame:
    """Build the node table, reading atlas coordinates from nilearn.

    For each atlas node, the nearest atlas ROI to the coordinate in ``NODE_SPECS``
    must lie within ``max_distance_mm``; its coordinate, label and network name
    are copied into the table. This guards against a typo in ``NODE_SPECS``.
    """
    atlases: dict[str, pd.DataFrame] = {}
    rows = []
    for spec in NODE_SPECS:
        row = {
            "label": spec.label, "name": spec.name, "network": spec.network,
            "hemisphere": spec.hemisphere,
        }
        if spec.atlas is None:
            row.update(x=float(spec.mni[0]), y=float(spec.mni[1]), z=float(spec.mni[2]),
                       atlas="literature", atlas_label=spec.label, atlas_network="n/a")
        else:
            table = atlases.setdefault(spec.atlas, _atlas_table(spec.atlas))
            distances = np.linalg.norm(table[["x", "y", "z"]].to_numpy() - np.array(spec.mni), axis=1)
            best = int(np.argmin(distances))
            if distances[best] > max_distance_mm:
                raise ValueError(
                    f"Node {spec.label}: nearest {spec.atlas} ROI is {distances[best]:.1f} mm away "
                    f"from {spec.mni}; check NODE_SPECS."
                )
            found = table.iloc[best]
            row.update(x=float(found.x), y=float(found.y), z=float(found.z), atlas=spec.atlas,
                       atlas_label=found.atlas_label, atlas_network=found.atlas_network)
        row.update(source=spec.source, role=spec.role)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(NODE_COLUMNS))


def node_colours(labels=NODE_LABELS) -> list[str]:
    """The network colour of each node (colour-blind-safe palette)."""
    return [NETWORK_COLOURS[NODE_NETWORK[label]] for label in labels]
