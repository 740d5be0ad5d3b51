// lessons.js — the lessons: one click sets up a data set, a model and a grid, runs the
// search and shows the chart that makes the point, with a few sentences on what to
// notice. Pure data (no DOM), so it can be checked in Node.
//
// Each lesson:
//   id        stable name, used in links (#lesson=<id>)
//   title     what the picker shows
//   data      { name, rows?, noise?, seed? }: a built-in or generated data set
//   model     a model name of the core's catalog
//   grid      { param: [values] }: the axes searched
//   base      { param: value }: fixed settings
//   scoring   a scorer name, or null for the model's default
//   cv        folds; shuffle: true to shuffle the rows before splitting (seeded);
//             test: hold-out fraction (0 = none)
//   select    { param: value }, or a list of them: the candidates selected after the
//             run (their paths, boundary and curves are shown; a list draws the
//             curves its notes compare together); null selects the best
//   focus     the chart to bring into view: validation, heatmap, loss, trajectory,
//             boundary, learning, regpath, optimism
//   view      optional: how the results are shown (settings.js view keys, e.g. the
//             path chart's plane { plane: 'weights', pi: 0, pj: 1 })
//   text      two or three plain sentences: what the lesson does
//   notice    the things to look for, one sentence each

/** The lessons, in teaching order. */
export const LESSONS = Object.freeze([
  {
    id: 'degree',
    title: 'Underfitting and overfitting: polynomial degree',
    data: { name: 'cos', rows: 30, noise: 0.1, seed: 0 },
    model: 'linear_regression',
    grid: { degree: [1, 2, 3, 4, 5, 6, 8, 10, 12, 15] },
    base: {},
    scoring: 'neg_mean_squared_error',
    cv: 5,
    shuffle: true,
    test: 0,
    select: { degree: 15 },
    focus: 'validation',
    text:
      'Thirty noisy points from a cosine curve, fitted by polynomials of degree 1 to 15. ' +
      'A low degree cannot bend enough to follow the curve; a high degree bends to follow the noise. ' +
      'The score is minus the mean squared error: higher is better, 0 is a perfect fit.',
    notice: [
      'The training score (dashed) rises with every extra degree: more freedom always fits the training points better.',
      'The CV score (solid) peaks at degree 4 (the diamond), with 3, 5 and 6 close behind; past 6 it falls while the training score still rises: the model is fitting noise.',
      'Degree 1 underfits: both scores low. From degree 10 the model overfits: its CV error is six to eight times the best.',
      'The folds are shuffled. Untick shuffle (under Cross-validation): each fold is then a block of neighbouring x, and at the ends a high-degree polynomial, asked to predict past its training points, shoots off.',
    ],
  },
  {
    id: 'c-one-se',
    title: 'Regularisation strength C and the one-standard-error rule',
    data: { name: 'noisy-features', rows: 80, noise: 1, seed: 0 },
    model: 'logistic_regression',
    grid: { C: [0.001, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100, 1000] },
    base: { penalty: 'l1' },
    scoring: 'accuracy',
    cv: 5,
    test: 0,
    select: null,
    focus: 'validation',
    text:
      'Eighty rows, thirty features, only three of which carry any signal; logistic regression with an l1 penalty. ' +
      'A small C is strong regularisation: it keeps the weights small, and l1 sets many to exactly zero. A large C lets them grow to fit every row.',
    notice: [
      'At small C every weight is zero: the model predicts one class for every row, and both accuracies sit at 0.5, a coin toss. That is underfitting.',
      'At large C the training accuracy reaches 1.0 while the CV accuracy stays below its best: the model memorises noise in the 27 useless features.',
      'Around the best C, neighbouring values differ by less than their spread over the folds: which one is "best" is partly luck.',
      'The one-standard-error rule picks the most regularised C within one standard error of the best: here 0.3 (the diamond), not 1 (the star). A simpler model, as good as far as the data can tell.',
    ],
  },
  {
    id: 'l1-path',
    title: 'L1 sparsity on the regularisation path',
    data: { name: 'diabetes' },
    model: 'lasso',
    grid: { alpha: [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30] },
    base: {},
    scoring: 'r2',
    cv: 5,
    test: 0.2,
    select: { alpha: 1 },
    focus: 'regpath',
    text:
      'The lasso adds alpha times the sum of the absolute weights to the squared error. ' +
      'The regularisation path shows every weight as alpha grows, on the ten standardised measurements of 442 diabetes patients.',
    notice: [
      'Weights do not just shrink, they reach exactly zero one after another: l1 selects features.',
      'The last weights to survive, bmi (body-mass index) and s5 (a blood serum measurement), are the strongest predictors.',
      'On the validation curve, further up, the CV score barely changes until alpha removes a feature that matters: a few features predict almost as well as all ten.',
    ],
  },
  {
    id: 'learning-rate',
    title: 'Learning rate: too small, just right, too large',
    data: { name: 'iris' },
    model: 'logistic_regression',
    grid: { learning_rate: [0.001, 0.01, 0.1, 1, 10, 30] },
    base: { solver: 'gd', max_iter: 200 },
    scoring: 'accuracy',
    cv: 5,
    test: 0,
    select: [{ learning_rate: 0.001 }, { learning_rate: 1 }, { learning_rate: 30 }],
    focus: 'loss',
    text:
      'Plain gradient descent on logistic regression, 200 steps, with six learning rates. ' +
      'The learning rate is the step size: how far each step moves against the gradient.',
    notice: [
      'At 0.001 the loss has barely moved after 200 steps: the run stops at max_iter far from the optimum.',
      'At 1 the loss drops quickly and settles: a step that is large but stable.',
      'At 30 each step overshoots the valley, so the loss bounces instead of falling: the run oscillates (or diverges), and its CV score shows it.',
    ],
  },
  {
    id: 'momentum',
    title: 'Momentum and Adam against gradient descent',
    data: { name: 'scales' },
    model: 'logistic_regression',
    grid: { solver: ['gd', 'adam', 'momentum'] },
    base: { learning_rate: 0.01, max_iter: 200, standardize: false },
    scoring: 'accuracy',
    cv: 5,
    test: 0,
    select: [{ solver: 'gd' }, { solver: 'adam' }, { solver: 'momentum' }],
    focus: 'trajectory',
    view: { plane: 'weights', pi: 0, pj: 1 },
    text:
      'Both features matter equally, but x2 is spread thirty times wider than x1 (not standardised), so its weight w[1] must be thirty times smaller: ' +
      'the loss is a long, narrow valley (drawn about twenty times wider than it is). Three optimisers take 200 steps from zero at the same learning rate.',
    notice: [
      'Gradient descent (blue) creeps along the valley floor: after 200 steps it is not a fifth of the way to the star, and its loss still falls.',
      'Momentum (green) gathers speed and gets four times as far, but overshoots across the valley: its path zig-zags.',
      'Adam (orange) scales each weight\'s step by its own gradients: after one swing it runs smoothly, three times as far as gradient descent.',
      'Press Play training to watch the paths and loss curves grow step by step.',
    ],
  },
  {
    id: 'hidden',
    title: 'Hidden-layer size and the decision boundary',
    data: { name: 'moons', rows: 200, noise: 0.3, seed: 0 },
    model: 'mlp_classifier',
    grid: { hidden_layer_sizes: [1, 2, 5, 20, 100] },
    base: { max_iter: 1000, learning_rate_init: 0.01 },
    scoring: 'accuracy',
    cv: 5,
    test: 0.2,
    select: { hidden_layer_sizes: 100 },
    focus: 'boundary',
    text:
      'Two interleaved half-moons, classified by a network with one hidden layer of 1 to 100 units; each unit adds one bend to the boundary. ' +
      'The chart shows 100 units: for another size, click its row in the results table or move the hidden_layer_sizes slider.',
    notice: [
      'With 1 unit the network can make at most one straight cut, and in most folds it finds none: those folds score 0.5, a coin toss, and its CV accuracy is the lowest.',
      'From 5 units on, the boundary bends with the moons and the CV accuracy levels off: more units add nothing the folds can tell apart.',
      'On the validation curve, further up, the training accuracy (dashed) pulls away from the CV accuracy (solid) as units are added: the extra units fit the training rows, not new ones.',
    ],
  },
  {
    id: 'optimism',
    title: 'Why cross-validate: the best CV score is optimistic',
    data: { name: 'noisy-features', rows: 80, noise: 1, seed: 0 },
    model: 'logistic_regression',
    grid: { C: [0.001, 0.01, 0.1, 1, 10, 100, 1000], penalty: ['l1', 'l2'] },
    base: {},
    scoring: 'accuracy',
    cv: 5,
    test: 0.3,
    select: null,
    focus: 'optimism',
    seeds: 20,
    text:
      'The same search is run on 20 different splits of the data: each time 30 % of the rows are held out, the best of 14 candidates is chosen by cross-validation on the rest, refitted, and scored on the held-out rows.',
    notice: [
      "The winner's CV score (filled dot) is usually above its held-out score (ring): it was chosen because it was high, partly by luck.",
      'Not on every split: a few go the other way, and the run in the best panel above may be one. The gap shows over many splits, not in one.',
      'The dashed lines show the average gap, the optimism of reporting the best CV score as if it were a fresh estimate.',
      'An honest estimate of the chosen model needs data that played no part in choosing it: a held-out test set, or nested cross-validation.',
    ],
  },
]);

/** The lesson with this id, or undefined. */
export function lessonById(id) {
  return LESSONS.find((l) => l.id === id);
}
