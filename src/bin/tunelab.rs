//! `tunelab`: the command-line front end, for scripted lessons and benchmarks.
//!
//! ```text
//! tunelab search --data iris --param C=0.001,0.01,0.1,1,10,100 --param penalty=l1,l2
//! tunelab search --data flowers.csv --label species --cv 10 --scoring accuracy,f1_macro --format json
//! tunelab search --data cos --model ridge --param alpha=0.1,1,10 --param degree=1,2,3
//! tunelab search --data data.csv --param C=0.01,0.1,1,10 --jobs 2 --cold
//! tunelab synthetic --rows 10000 --features 50 --classes 3 --seed 0 --out data.csv
//! tunelab synthetic --kind moons --rows 200 --noise 0.25 --seed 1 --out moons.csv
//! ```

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::PathBuf;
    use std::process::ExitCode;

    use clap::{Parser, Subcommand, ValueEnum};
    use tunelab::data::generate::{Kind, Spec};
    use tunelab::metrics::Scorer;
    use tunelab::model::{ModelKind, ParamValue};
    use tunelab::select::{CvConfig, ParamGrid, SearchConfig, SearchResult, grid_search_parallel};
    use tunelab::{CsvOptions, Dataset, LabelColumn, TargetKind};

    #[derive(Parser)]
    #[command(
        name = "tunelab",
        version,
        about = "Cross-validated grid search with scikit-learn's semantics: logistic, linear and \
                 penalised regression and one-hidden-layer networks"
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Run a cross-validated grid search and print cv_results.
        Search(SearchArgs),
        /// Write a generated data set as CSV: a teaching set (--kind) or, without
        /// --kind, Gaussian blobs for benchmarks.
        Synthetic(SyntheticArgs),
    }

    #[derive(clap::Args)]
    struct SyntheticArgs {
        /// A teaching set: moons, circles, xor, blobs, spirals, linear, noisy-features,
        /// scales, cos, line. Without it: Gaussian blobs with --features and --classes.
        #[arg(long)]
        kind: Option<String>,
        /// Number of rows (default: 10000, or the teaching set's own).
        #[arg(long)]
        rows: Option<usize>,
        /// Noise of a teaching set (default: the set's own).
        #[arg(long)]
        noise: Option<f64>,
        /// Number of feature columns (blobs without --kind; noisy-features).
        #[arg(long)]
        features: Option<usize>,
        /// Number of classes (blobs, spirals).
        #[arg(long)]
        classes: Option<usize>,
        /// Without --kind: a numeric target `y = X·w + noise` instead of classes.
        #[arg(long)]
        regression: bool,
        /// Random seed.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Output file (standard output if absent).
        #[arg(long)]
        out: Option<PathBuf>,
    }

    #[derive(clap::Args)]
    struct SearchArgs {
        /// A built-in set (iris, wine, breast_cancer, diabetes), a generated one (moons,
        /// circles, xor, blobs, spirals, linear, noisy-features, scales, cos, line; see --rows,
        /// --noise, --data-seed), or the path of a CSV file.
        #[arg(long, default_value = "iris")]
        data: String,
        /// Rows of a generated data set (default: the set's own).
        #[arg(long)]
        rows: Option<usize>,
        /// Noise of a generated data set (default: the set's own).
        #[arg(long)]
        noise: Option<f64>,
        /// Seed of a generated data set.
        #[arg(long, default_value_t = 0)]
        data_seed: u64,
        /// Label column of the CSV: a header name or a 0-based index (default: last).
        #[arg(long)]
        label: Option<String>,
        /// What the CSV's label column holds: classes or values (default: classes for a
        /// classifier, values for a regressor).
        #[arg(long)]
        target: Option<String>,
        /// The model: logistic_regression, linear_regression, ridge, lasso, elastic_net,
        /// mlp_classifier, mlp_regressor.
        #[arg(long, default_value = "logistic_regression")]
        model: String,
        /// A grid axis, `NAME=V1,V2,…`; repeat for more axes (default: the model's
        /// main knob, e.g. C=0.001,…,100 and penalty=l1,l2 for logistic regression).
        #[arg(long = "param", value_name = "NAME=VALUES")]
        params: Vec<String>,
        /// A fixed parameter for every candidate, `NAME=VALUE` (e.g. max_iter=500).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Number of folds.
        #[arg(long, default_value_t = 5)]
        cv: usize,
        /// Plain KFold instead of StratifiedKFold.
        #[arg(long)]
        no_stratify: bool,
        /// Shuffle before splitting into folds (seeded by --seed).
        #[arg(long)]
        shuffle: bool,
        /// Scorers, comma-separated; the first picks the best candidate unless --refit
        /// says otherwise (default: accuracy for a classifier, r2 for a regressor).
        #[arg(long, value_delimiter = ',')]
        scoring: Vec<String>,
        /// The scorer that picks the best candidate.
        #[arg(long)]
        refit: Option<String>,
        /// Solver for every candidate (logistic regression: lbfgs, gd, sgd, momentum,
        /// nesterov, adam; networks: adam, sgd, gd, momentum, nesterov).
        #[arg(long)]
        solver: Option<String>,
        /// Fraction of rows held out as a test split, stratified for a classifier (0 = none).
        #[arg(long, default_value_t = 0.0)]
        test_size: f64,
        /// Seed of the test split, fold shuffling and SGD.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Do not standardise features.
        #[arg(long)]
        no_standardize: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Also write the search as a scikit-learn script (GridSearchCV with the same
        /// data, pipeline, candidates, folds and scorers) to this file.
        #[arg(long, value_name = "FILE")]
        sklearn_script: Option<PathBuf>,
        /// Threads to fit on (default: every core). Any number gives the same
        /// results, bit for bit.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        jobs: Option<u32>,
        /// Fit every candidate from zero, instead of starting each fit along a
        /// C or alpha path from its neighbour's solution.
        #[arg(long, alias = "no-warm-start")]
        cold: bool,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum Format {
        Table,
        Json,
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        let outcome = match cli.command {
            Command::Search(args) => search(&args),
            Command::Synthetic(args) => {
                let text = match synthetic(&args) {
                    Ok(data) => data.to_csv_string(),
                    Err(e) => {
                        eprintln!("tunelab: {e}");
                        return ExitCode::FAILURE;
                    }
                };
                match args.out {
                    Some(path) => {
                        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
                    }
                    None => {
                        print!("{text}");
                        Ok(())
                    }
                }
            }
        };
        match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("tunelab: {message}");
                ExitCode::FAILURE
            }
        }
    }

    /// The data set `synthetic` writes.
    fn synthetic(args: &SyntheticArgs) -> Result<Dataset, tunelab::Error> {
        match &args.kind {
            Some(kind) => {
                let mut spec = Spec::new(kind.parse::<Kind>()?);
                spec.seed = args.seed;
                if let Some(rows) = args.rows {
                    spec.n_samples = rows;
                }
                if let Some(noise) = args.noise {
                    spec.noise = noise;
                }
                if let Some(features) = args.features {
                    spec.n_features = features;
                }
                if let Some(classes) = args.classes {
                    spec.n_classes = classes;
                }
                Dataset::generated(&spec)
            }
            // Checked against the core's limits: a size from the command line never
            // panics or allocates without bound.
            None if args.regression => Dataset::synthetic_regression(
                args.rows.unwrap_or(10_000),
                args.features.unwrap_or(50),
                args.seed,
            ),
            None => Dataset::synthetic(
                args.rows.unwrap_or(10_000),
                args.features.unwrap_or(50),
                args.classes.unwrap_or(3),
                args.seed,
            ),
        }
    }

    fn load(args: &SearchArgs, model: ModelKind) -> Result<Dataset, String> {
        if tunelab::data::BUILTIN.contains(&args.data.as_str()) {
            return Dataset::builtin(&args.data).map_err(|e| e.to_string());
        }
        if let Ok(kind) = args.data.parse::<Kind>()
            && !std::path::Path::new(&args.data).exists()
        {
            let mut spec = Spec::new(kind);
            spec.seed = args.data_seed;
            if let Some(rows) = args.rows {
                spec.n_samples = rows;
            }
            if let Some(noise) = args.noise {
                spec.noise = noise;
            }
            return Dataset::generated(&spec).map_err(|e| e.to_string());
        }
        let target = match args.target.as_deref() {
            None if model.is_classifier() => TargetKind::Classes,
            None => TargetKind::Values,
            Some("classes") => TargetKind::Classes,
            Some("values") => TargetKind::Values,
            Some(other) => {
                return Err(format!("--target {other:?}: choose classes or values"));
            }
        };
        let label = match &args.label {
            None => LabelColumn::Last,
            Some(l) => match l.parse::<usize>() {
                Ok(i) => LabelColumn::Index(i),
                Err(_) => LabelColumn::Name(l.clone()),
            },
        };
        let file = open_data(&args.data)?;
        let name = PathBuf::from(&args.data)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| args.data.clone());
        let options = CsvOptions {
            label,
            name,
            target,
            ..CsvOptions::default()
        };
        Dataset::from_csv_reader(std::io::BufReader::new(file), &options)
            .map_err(|e| format!("{}: {e}", args.data))
    }

    /// Opens a data file: a regular file (not a device such as `/dev/zero`, a FIFO or
    /// a directory, which are refused before anything is read or waited for) within
    /// the core's size limit. The loader reads it through a reader capped at the same
    /// limit, so a file that grows meanwhile cannot get past it either.
    fn open_data(path: &str) -> Result<std::fs::File, String> {
        let regular = |meta: &std::fs::Metadata| {
            if meta.is_file() {
                Ok(())
            } else if meta.is_dir() {
                Err(format!("{path}: is a directory; give a CSV file"))
            } else {
                Err(format!(
                    "{path}: not a regular file (a device, pipe or socket); give a CSV file"
                ))
            }
        };
        let meta = std::fs::metadata(path).map_err(|e| format!("{path}: {e}"))?;
        regular(&meta)?;
        tunelab::limits::check_input_size(meta.len()).map_err(|e| format!("{path}: {e}"))?;
        let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
        // The path may have changed between the two looks: check what was opened.
        regular(&file.metadata().map_err(|e| format!("{path}: {e}"))?)?;
        Ok(file)
    }

    fn config(args: &SearchArgs) -> Result<SearchConfig, tunelab::Error> {
        let model: ModelKind = args.model.parse()?;
        let grid = if args.params.is_empty() {
            ParamGrid::default_for(model)
        } else {
            ParamGrid::parse(&args.params)?
        };
        let mut config = SearchConfig::new(grid);
        config.model = model;
        if model.param_names().contains(&"random_state") {
            config.fix("random_state", ParamValue::Num(args.seed as f64));
        }
        if let Some(solver) = &args.solver {
            config.fix("solver", ParamValue::Str(solver.clone()));
        }
        for spec in &args.set {
            let (name, value) = spec.split_once('=').unwrap_or((spec.as_str(), ""));
            config.fix(name.trim(), ParamValue::parse(value));
        }
        // Unknown names and bad values are refused here, before any data is read.
        config.base_pipeline()?;
        config.cv = CvConfig {
            k: args.cv,
            stratified: !args.no_stratify,
            shuffle: args.shuffle,
            seed: args.seed,
        };
        config.scoring = args
            .scoring
            .iter()
            .map(|s| s.trim().parse::<Scorer>())
            .collect::<Result<_, _>>()?;
        config.refit = args
            .refit
            .as_deref()
            .map(str::parse::<Scorer>)
            .transpose()?;
        config.test_size = args.test_size;
        config.test_seed = args.seed;
        config.standardize = !args.no_standardize;
        config.warm_start = !args.cold;
        Ok(config)
    }

    fn search(args: &SearchArgs) -> Result<(), String> {
        let config = config(args).map_err(|e| e.to_string())?;
        let data = load(args, config.model)?;
        if let Some(path) = &args.sklearn_script {
            use tunelab::export::{DataSource, sklearn_script};
            let source = if tunelab::data::BUILTIN.contains(&args.data.as_str()) {
                DataSource::Builtin
            } else {
                DataSource::Inline
            };
            let script = sklearn_script(&data, &source, &config).map_err(|e| e.to_string())?;
            std::fs::write(path, script).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let threads = match args.jobs {
            Some(n) => n as usize,
            None => std::thread::available_parallelism().map_or(1, usize::from),
        };
        let result = grid_search_parallel(&data, &config, threads, &mut |_| true)
            .map_err(|e| e.to_string())?;
        // scikit-learn's StratifiedKFold warns when a class is too small to be in every
        // test fold; so does the CLI, on stderr (the results on stdout stay as they are).
        if let Some(w) = tunelab::select::plan(&data, &config)
            .ok()
            .and_then(|p| p.warning)
        {
            eprintln!("tunelab: warning: {w}");
        }
        match args.format {
            Format::Json => {
                let out = JsonOut {
                    cv_results: &result.cv_results,
                    best_index: result.best_index,
                    best_params: &result.best_params,
                    best_score: result.best_score,
                    refit_scorer: &result.refit_scorer,
                    test_score: result.test_score,
                    test_scores: &result.test_scores,
                    n_train: result.n_train,
                    n_test: result.n_test,
                };
                println!(
                    "{}",
                    serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
                );
            }
            Format::Table => print_table(&data, &result),
        }
        Ok(())
    }

    /// What `--format json` prints, in this key order (`cv_results` keeps
    /// scikit-learn's column order).
    #[derive(serde::Serialize)]
    struct JsonOut<'a> {
        cv_results: &'a tunelab::select::CvResults,
        best_index: usize,
        best_params: &'a tunelab::select::Candidate,
        best_score: f64,
        refit_scorer: &'a str,
        test_score: Option<f64>,
        test_scores: &'a std::collections::BTreeMap<String, f64>,
        n_train: usize,
        n_test: usize,
    }

    fn print_table(data: &Dataset, result: &SearchResult) {
        let cv = &result.cv_results;
        let suffix = result.score_suffix();
        let mean = cv
            .floats(&format!("mean_test_{suffix}"))
            .unwrap_or_default();
        let std = cv.floats(&format!("std_test_{suffix}")).unwrap_or_default();
        let train = cv
            .floats(&format!("mean_train_{suffix}"))
            .unwrap_or_default();
        let ranks = cv.ranks(&format!("rank_test_{suffix}")).unwrap_or_default();
        let status = cv.texts("fit_status").unwrap_or_default();
        let params = cv.params();
        let target = if data.is_regression() {
            "numeric target".to_string()
        } else {
            format!("{} classes", data.n_classes())
        };
        println!(
            "{} — {} rows × {} features, {target}; {} with {} candidates × {} folds ({} scoring)\n",
            data.name,
            data.n_samples(),
            data.n_features(),
            result.model,
            params.len(),
            result.n_splits,
            result.refit_scorer
        );
        println!(
            "{:>4}  {:<36} {:>17}  {:>10}  fit_status",
            "rank", "params", "mean_test ± std", "mean_train"
        );
        for (i, p) in params.iter().enumerate() {
            let label = tunelab::select::grid::candidate_label(p);
            let at = |v: &[f64]| v.get(i).copied().unwrap_or(f64::NAN);
            println!(
                "{:>4}  {:<36} {:>8.4} ± {:<6.4}  {:>10.4}  {}{}",
                ranks.get(i).copied().unwrap_or(0),
                label,
                at(mean),
                at(std),
                at(train),
                status.get(i).map(String::as_str).unwrap_or(""),
                if i == result.best_index {
                    "  ← best"
                } else {
                    ""
                }
            );
        }
        println!(
            "\nbest_params: {}\nbest_score:  {:.6} ± {:.6}",
            tunelab::select::grid::candidate_label(&result.best_params),
            result.best_score,
            result.best_score_std
        );
        if let Some(score) = result.test_score {
            println!(
                "test_score:  {score:.6} (refit on {} rows, tested on {})",
                result.n_train, result.n_test
            );
        }
    }
}
