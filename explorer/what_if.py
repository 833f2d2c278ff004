# %% [markdown]
# # What if? An explorer of the policy levers and scenario drivers
#
# `make explore` serves this notebook as an app (Voilà, code hidden). Move a slider: the model of
# notebooks 04 and 05 recomputes the earnings path to the horizon and, for each lever, the new income
# reaching Pakistan apart from the reclassification of money already arriving. With every control at
# its default the numbers are notebook 05's. This notebook is not part of the reports and never
# changes the committed notebooks.

# %%
from IPython.display import display

from analysis import load_panel
from analysis.publish import explorer_app

app = explorer_app.App(load_panel())
display(app.widget)
