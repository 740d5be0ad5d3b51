//! [`Job::assemble`]: the units' outcomes put together into `cv_results_`, the
//! candidates ranked, the best refitted and scored on the hold-out rows.

use super::*;
use crate::collect::CollectVec;

impl Job<'_> {
    /// Puts the outcomes of every unit together (in any order) into `cv_results_`,
    /// ranks the candidates, refits the best on all training rows and scores it on
    /// the hold-out rows.
    ///
    /// # Errors
    /// [`Error::InvalidData`] when `outcomes` do not cover every unit exactly once
    /// with what the unit fits, or every candidate failed; errors of the refit.
    pub fn assemble(&self, mut outcomes: Vec<UnitOutcome>) -> Result<SearchResult> {
        let Setup {
            candidates,
            scorers,
            regression,
            n_classes,
            train_idx,
            test_idx,
            folds,
            ..
        } = &self.setup;
        let config = &self.config;
        let n_classes = *n_classes;
        let k = folds.len();
        let n_cand = candidates.len();
        let n_s = scorers.len();
        let mismatch = |what: String| {
            Error::InvalidData(format!("the search's unit outcomes do not fit: {what}"))
        };
        crate::sort::sort_by(&mut outcomes, &|a, b| a.unit.cmp(&b.unit));
        if outcomes.len() != self.units.len() {
            return Err(mismatch(format!(
                "{} outcomes for {} units",
                outcomes.len(),
                self.units.len()
            )));
        }
        // test[s][split][cand], train likewise.
        let mut test = vec![vec![vec![f64::NAN; n_cand]; k]; n_s];
        let mut train = vec![vec![vec![f64::NAN; n_cand]; k]; n_s];
        let mut fit_times = vec![vec![0.0; k]; n_cand];
        let mut score_times = vec![vec![0.0; k]; n_cand];
        let mut fold_notes: Vec<Vec<Vec<String>>> = vec![vec![Vec::new(); k]; n_cand];
        for (i, (outcome, unit)) in outcomes.into_iter().zip(&self.units).enumerate() {
            let fits_match =
                outcome.fits.len() == unit.candidates.len()
                    && outcome.fits.iter().zip(&unit.candidates).all(|(f, &c)| {
                        f.candidate == c && f.test.len() == n_s && f.train.len() == n_s
                    });
            if outcome.unit != i || outcome.fold != unit.fold || !fits_match {
                return Err(mismatch(format!("unit {i} is missing or holds other fits")));
            }
            let fi = unit.fold;
            for fit in outcome.fits {
                let ci = fit.candidate;
                for s in 0..n_s {
                    test[s][fi][ci] = fit.test[s];
                    train[s][fi][ci] = fit.train[s];
                }
                fit_times[ci][fi] = fit.fit_time;
                score_times[ci][fi] = fit.score_time;
                fold_notes[ci][fi] = fit.notes;
            }
        }
        let status: Vec<String> = fold_notes
            .into_iter()
            .zip(&self.lead_notes)
            .map(|(per_fold, lead)| {
                let notes: Vec<String> = lead
                    .iter()
                    .cloned()
                    .chain(merge_fold_notes(per_fold))
                    .collect_vec();
                if notes.is_empty() {
                    "ok".into()
                } else {
                    notes.join("; ")
                }
            })
            .collect_vec();

        let mut cv = CvResults::default();
        for (name, times) in [("fit_time", &fit_times), ("score_time", &score_times)] {
            let stats: Vec<(f64, f64)> = times.iter().map(|t| mean_std(t)).collect_vec();
            cv.push(
                format!("mean_{name}"),
                Column::Float(stats.iter().map(|s| s.0).collect_vec()),
            );
            cv.push(
                format!("std_{name}"),
                Column::Float(stats.iter().map(|s| s.1).collect_vec()),
            );
        }
        for name in config.grid.names() {
            let values = candidates
                .iter()
                .map(|(c, _)| c.get(&name).cloned())
                .collect_vec();
            cv.push(format!("param_{name}"), Column::Param(values));
        }
        cv.push(
            "params",
            Column::Params(candidates.iter().map(|(c, _)| c.clone()).collect_vec()),
        );
        // One scorer: scikit-learn's `*_score` names; several: `*_<scorer>`.
        let single = n_s == 1;
        let mut means_by_scorer = Vec::new();
        for (s, scorer) in scorers.iter().enumerate() {
            let suffix = if single {
                "score".to_string()
            } else {
                scorer.name().to_string()
            };
            for (set, table) in [("test", &test[s]), ("train", &train[s])] {
                if set == "train" && !config.return_train_score {
                    continue;
                }
                for (fi, split) in table.iter().enumerate() {
                    cv.push(
                        format!("split{fi}_{set}_{suffix}"),
                        Column::Float(split.clone()),
                    );
                }
                let stats: Vec<(f64, f64)> = (0..n_cand)
                    .map(|ci| mean_std(&table.iter().map(|split| split[ci]).collect_vec()))
                    .collect_vec();
                let means: Vec<f64> = stats.iter().map(|s| s.0).collect_vec();
                cv.push(format!("mean_{set}_{suffix}"), Column::Float(means.clone()));
                cv.push(
                    format!("std_{set}_{suffix}"),
                    Column::Float(stats.iter().map(|s| s.1).collect_vec()),
                );
                if set == "test" {
                    cv.push(format!("rank_test_{suffix}"), Column::Int(rank(&means)));
                    means_by_scorer.push((*scorer, means, stats.iter().map(|s| s.1).collect_vec()));
                }
            }
        }
        cv.push("fit_status", Column::Text(status));

        // Best candidate by the refit scorer: first in grid order among rank 1.
        let refit_scorer = config.refit_scorer();
        let (means, stds) = means_by_scorer
            .iter()
            .find(|(s, _, _)| *s == refit_scorer)
            .map(|(_, m, s)| (m.clone(), s.clone()))
            .unwrap_or_default();
        let ranks = rank(&means);
        let best_index = ranks.iter().position(|&r| r == 1).unwrap_or(0);
        let (best_candidate, best_params) = candidates
            .get(best_index)
            .cloned()
            .ok_or_else(|| Error::InvalidData("the grid has no candidates".into()))?;
        if means.get(best_index).is_none_or(|m| m.is_nan()) {
            return Err(Error::InvalidData(format!(
                "every candidate failed to fit or to be scored ({refit_scorer}); the first reason: {}",
                cv.texts("fit_status")
                    .and_then(|t| t.first().cloned())
                    .unwrap_or_default()
            )));
        }

        // Refit on all training rows, from zero (its history is what the page
        // shows); score on the hold-out rows.
        // The rows cut out and transformed as a fold's are (in one pass where there
        // is only a scaler), then the model fitted on them: what fitting the pipeline
        // on the raw rows does, without a copy of the raw rows.
        // A regressor or a network that reads its rows where they lie fits on them so,
        // bit for bit the matrix fit, without the matrix (the largest of a search on
        // big data). Logistic regression keeps the matrix: on rows it equals it only
        // up to rounding, and a live refit of the same candidate fits on the matrix.
        let on_rows = (*regression || best_params.kind().is_mlp()) && best_params.fits_on_rows();
        let mut refit_fold = prepare(
            &best_params,
            self.data.x.view(),
            &self.data.target,
            n_classes,
            (train_idx, test_idx),
            !on_rows,
        )?;
        let x_train = refit_fold.x_train.take().unwrap_or_default();
        let valid = best_params.check(self.data.n_features())?;
        let model = if on_rows {
            valid
                .fit_model_warm_on_rows(
                    self.data.x.view(),
                    self.data.target.for_model(n_classes),
                    train_idx,
                    refit_fold.scaler.as_ref(),
                    None,
                )
                .unwrap_or_else(|| {
                    Err(Error::InvalidData(
                        "this model fits on a matrix of the training rows".into(),
                    ))
                })?
        } else {
            valid.fit_model(x_train.view(), refit_fold.y_train.view(n_classes))?
        };
        let best_model = FittedPipeline {
            model,
            poly: refit_fold.poly.take(),
            scaler: refit_fold.scaler.take(),
        };
        let mut test_scores = std::collections::BTreeMap::new();
        let (cm_x, cm_y) = if test_idx.is_empty() {
            (x_train.view(), &refit_fold.y_train)
        } else {
            let mut ignored = Vec::new();
            let scores = score_all(
                &best_model.model,
                refit_fold.x_test.view(),
                &refit_fold.y_test,
                scorers,
                refit_fold.unseen,
                &mut ignored,
            );
            for (s, v) in scorers.iter().zip(scores) {
                test_scores.insert(s.name().to_string(), v);
            }
            (refit_fold.x_test.view(), &refit_fold.y_test)
        };
        // Without a hold-out the matrix is of the training rows; a model fitted where
        // they lie has none, and predicts them a block at a time.
        let cm_prediction = matches!(cm_y, Truth::Classes(_)).then(|| {
            if test_idx.is_empty() && on_rows {
                let transformers = (best_model.poly.as_ref(), best_model.scaler.as_ref());
                crate::model::predict_rows(
                    &best_model.model,
                    transformers,
                    self.data.x.view(),
                    train_idx,
                    false,
                )
                .map(|(p, _)| p)
            } else {
                best_model.model.predict(cm_x)
            }
        });
        let cm = match (cm_y, cm_prediction) {
            (Truth::Classes(y), Some(Ok(Prediction::Classes(pred)))) => {
                confusion_matrix(y, &pred, n_classes)
                    .outer_iter()
                    .map(|r| r.to_vec())
                    .collect_vec()
            }
            _ => Vec::new(),
        };
        let regression = *regression;

        Ok(SearchResult {
            best_score: means[best_index],
            best_score_std: stds.get(best_index).copied().unwrap_or(f64::NAN),
            refit_scorer: refit_scorer.name().to_string(),
            test_score: test_scores.get(refit_scorer.name()).copied(),
            test_scores,
            confusion_matrix: cm,
            confusion_on_test: !test_idx.is_empty(),
            class_names: self.data.class_names().to_vec(),
            n_train: train_idx.len(),
            n_test: test_idx.len(),
            n_splits: k,
            best_index,
            best_params: best_candidate,
            cv_results: cv,
            model: config.model,
            regression,
            best_model,
            train_class_counts: {
                let mut counts = vec![0usize; if regression { 0 } else { n_classes }];
                if let crate::data::Target::Classes { y, .. } = &self.setup.trainval {
                    for &c in y {
                        if let Some(slot) = counts.get_mut(c) {
                            *slot += 1;
                        }
                    }
                }
                counts
            },
            train_indices: train_idx.clone(),
        })
    }
}

/// The notes of one candidate's folds (`per_fold[f]`), each said once with the folds
/// that had it: `fold 2: …`, `folds 0–4: …` for a run of three or more, `folds 0, 2: …`
/// otherwise, in the order the notes first appear.
fn merge_fold_notes(per_fold: Vec<Vec<String>>) -> Vec<String> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (fi, notes) in per_fold.into_iter().enumerate() {
        for note in notes {
            match groups.iter_mut().find(|(t, _)| *t == note) {
                Some((_, folds)) => folds.push(fi),
                None => groups.push((note, vec![fi])),
            }
        }
    }
    groups
        .into_iter()
        .map(|(text, folds)| match folds.as_slice() {
            [f] => format!("fold {f}: {text}"),
            [first, .., last] if folds.len() >= 3 && last - first + 1 == folds.len() => {
                format!("folds {first}–{last}: {text}")
            }
            _ => {
                let list: Vec<String> = folds.iter().map(usize::to_string).collect();
                format!("folds {}: {text}", list.join(", "))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::merge_fold_notes;

    #[test]
    fn the_same_note_of_several_folds_is_said_once() {
        let note = |t: &str| t.to_owned();
        let per_fold = vec![
            vec![note("fit failed: C too small")],
            vec![note("fit failed: C too small"), note("stalled")],
            vec![note("fit failed: C too small")],
            vec![note("stalled")],
            vec![],
        ];
        assert_eq!(
            merge_fold_notes(per_fold),
            ["folds 0–2: fit failed: C too small", "folds 1, 3: stalled",]
        );
        assert_eq!(
            merge_fold_notes(vec![vec![], vec![note("a")], vec![note("other")]]),
            ["fold 1: a", "fold 2: other"]
        );
    }
}
