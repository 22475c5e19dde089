# Reference numbers for CoxOnRegistryDataReferenceTest: Cox models and tests on incomplete, sparse and
# degenerate registry data, as R fits them. Writes the registry it analyses (registry-edge.csv, in the
# CSV layout `analyze` reads) beside itself, then prints key=value lines (%.17g; NA for R's NA; errors and
# warnings as text).
#   cd src/test/resources/org/followupmonitor/analysis/r && Rscript registry_edge_reference.R > registry_edge_reference.out
# R 4.2.2, survival 3.5-3.
suppressMessages(library(survival))
options(digits = 15, warn = 1)
set.seed(20240512)

# ---- the registry --------------------------------------------------------------------------------------
day0 <- as.Date("2015-01-01")
fmt <- function(d) ifelse(is.na(d), "", format(d, "%Y-%m-%d"))
make <- function(site, n, grade, t_stage, ki67, age, nodes, chemo, operated, subtype, hazard) {
  diagnosis <- day0 + sample(0:900, n, replace = TRUE)
  time <- 70 + ceiling(rexp(n, hazard) * 365)  # after the therapies (day 20) and surgery (day 60)
  cens <- sample(200:2200, n, replace = TRUE)
  dead <- time <= cens
  end <- diagnosis + ifelse(dead, time, cens)
  therapy <- diagnosis + 20
  data.frame(patient_id = sprintf("%s-%03d", site, seq_len(n)), site = site,
    diagnosis_date = fmt(diagnosis), age = age, grade = grade, t_stage = t_stage,
    positive_nodes = nodes, ki67 = ki67, subtype = subtype,
    surgery_date = fmt(as.Date(ifelse(operated, diagnosis + 60, NA), origin = "1970-01-01")),
    chemotherapy_date = fmt(as.Date(ifelse(chemo, therapy, NA), origin = "1970-01-01")),
    radiotherapy_date = fmt(as.Date(ifelse(chemo, therapy, NA), origin = "1970-01-01")),
    death_date = fmt(as.Date(ifelse(dead, end, NA), origin = "1970-01-01")),
    last_contact_date = fmt(end), stringsAsFactors = FALSE)
}
# MAIN: grade 1 only where Ki-67 is missing; no T0 (declared first level absent); grade missing for some;
# chemotherapy and radiotherapy always together; positive nodes = age - 20 where recorded; no death among
# luminal-a; a third operated.
n <- 80
ki <- round(runif(n, 5, 60)); ki[1:20] <- NA
grade <- sample(c("2", "3"), n, TRUE); grade[1:20] <- sample(c("1", "2", "3"), 20, TRUE)
grade[c(21, 22, 23, 41, 42)] <- NA
t_stage <- sample(c("1", "2", "3", "4"), n, TRUE)
age <- round(rnorm(n, 55, 9))
nodes <- age - 20; nodes[c(5, 30, 60)] <- NA
chemo <- runif(n) < 0.6
subtype <- sample(c("luminal-b", "her2-enriched", "triple-negative"), n, TRUE); subtype[71:80] <- "luminal-a"
hz <- 0.25 * ifelse(is.na(grade), 1, as.numeric(grade)) * exp(0.02 * (age - 55))
main <- make("MAIN", n, grade, t_stage, ki, age, nodes, chemo, runif(n) < 0.35, subtype, hz)
lumA <- main$subtype == "luminal-a"
main$death_date[lumA] <- ""  # luminal-a: nobody dies, so that coefficient runs off to -Inf
# TG: T stage determined by grade (T = grade).
m <- 40
g2 <- sample(c("1", "2", "3"), m, TRUE)
tg <- make("TG", m, g2, g2, rep(NA, m), round(rnorm(m, 55, 9)), rep(NA, m), rep(FALSE, m), rep(FALSE, m),
  rep("luminal-b", m), 0.4 * as.numeric(g2))
# SAMEDAY: six patients diagnosed on one day who all die on one later day, three operated.
same <- data.frame(patient_id = sprintf("SAMEDAY-%03d", 1:6), site = "SAMEDAY", diagnosis_date = "2016-03-01",
  age = 60, grade = "2", t_stage = "2", positive_nodes = NA, ki67 = NA, subtype = "luminal-b",
  surgery_date = c("2016-04-01", "2016-04-01", "2016-04-01", "", "", ""), chemotherapy_date = "",
  radiotherapy_date = "", death_date = "2016-09-01", last_contact_date = "2016-09-01", stringsAsFactors = FALSE)
reg <- rbind(main, tg, same)
write.csv(reg, "registry-edge.csv", row.names = FALSE, na = "", quote = FALSE)

# ---- read back as an analyst would ----------------------------------------------------------------------
d <- read.csv("registry-edge.csv", stringsAsFactors = FALSE, na.strings = "",
  colClasses = c(grade = "character", t_stage = "character"))
dead <- !is.na(d$death_date)
d$time <- as.numeric(as.Date(ifelse(dead, d$death_date, d$last_contact_date)) - as.Date(d$diagnosis_date))
d$status <- as.integer(dead)
d$arm <- factor(ifelse(is.na(d$surgery_date), "no-surgery", "surgery"), levels = c("no-surgery", "surgery"))
d$chemotherapy <- ifelse(is.na(d$chemotherapy_date), "no", "yes")
d$radiotherapy <- ifelse(is.na(d$radiotherapy_date), "no", "yes")
declared <- list(grade = c("1", "2", "3"), t_stage = c("0", "1", "2", "3", "4"),
  subtype = c("luminal-a", "luminal-b", "luminal-b-her2", "her2-enriched", "triple-negative"),
  chemotherapy = c("no", "yes"), radiotherapy = c("no", "yes"))
p <- function(key, value) cat(key, "=", if (is.na(value)) "NA" else sprintf("%.17g", value), "\n", sep = "")
txt <- function(key, value) cat(key, "=", gsub("[\r\n]+", " ", value), "\n", sep = "")
ours <- function(term) sub("positive_nodes", "positive-nodes", sub("^t_stage", "t-stage", term))

# The project's complete-case design: na.omit on the model's covariates, then each factor in its declared
# level order with the levels absent from those rows dropped (droplevels), reference = the configured one or
# the first present. (R on a plain character column does the same, with levels in alphabetical order.)
cox <- function(key, data, covariates, refs = list(), conf = 0.95) {
  cc <- data[complete.cases(data[, covariates, drop = FALSE]), ]
  for (v in covariates) if (v %in% names(declared)) {
    f <- droplevels(factor(cc[[v]], levels = declared[[v]]))
    cc[[v]] <- if (!is.null(refs[[v]])) relevel(f, ref = refs[[v]]) else f
  }
  warnings <- character(0)
  fit <- withCallingHandlers(
    coxph(as.formula(paste("Surv(time, status) ~", paste(covariates, collapse = " + "))), data = cc),
    warning = function(w) { warnings <<- c(warnings, conditionMessage(w)); invokeRestart("muffleWarning") })
  s <- summary(fit, conf.int = conf)
  co <- s$coefficients
  for (term in rownames(co)) {
    k <- paste0(key, ".", ours(term))
    p(paste0(k, ".coef"), co[term, "coef"]); p(paste0(k, ".se"), co[term, "se(coef)"])
    p(paste0(k, ".p"), co[term, "Pr(>|z|)"])
    p(paste0(k, ".lower"), s$conf.int[term, 3]); p(paste0(k, ".upper"), s$conf.int[term, 4])
  }
  txt(paste0(key, ".terms"), paste(ours(rownames(co)), collapse = ","))
  txt(paste0(key, ".aliased"), paste(ours(rownames(co))[is.na(co[, "coef"])], collapse = ","))
  p(paste0(key, ".n"), fit$n); p(paste0(key, ".events"), fit$nevent)
  p(paste0(key, ".lr"), s$logtest["test"]); p(paste0(key, ".lr.df"), s$logtest["df"])
  p(paste0(key, ".lr.p"), s$logtest["pvalue"])
  p(paste0(key, ".wald"), fit$wald.test)
  p(paste0(key, ".wald.p"), pchisq(fit$wald.test, s$logtest["df"], lower.tail = FALSE))
  p(paste0(key, ".score"), s$sctest["test"]); p(paste0(key, ".score.p"), s$sctest["pvalue"])
  p(paste0(key, ".concordance"), fit$concordance["concordance"])
  txt(paste0(key, ".warnings"), paste(trimws(warnings), collapse = " | "))
  invisible(fit)
}
# What R says when it gives no model.
fails <- function(key, expr) txt(paste0(key, ".error"), tryCatch({ force(expr); "none" },
  error = function(e) conditionMessage(e)))

main <- d[d$site == "MAIN", ]
# 1. complete cases: grade + ki67 drops the 20 rows without Ki-67, and with them every grade-1 row;
#    each covariate alone uses its own complete cases. R on the character column gives the same fit.
cox("cc", main, c("grade", "ki67"))
cox("cc.grade", main, c("grade"))
cox("cc.ki67", main, c("ki67"))
chr <- main[complete.cases(main[, c("grade", "ki67")]), ]
f_chr <- coxph(Surv(time, status) ~ grade + ki67, data = chr)
p("cc.character.grade3.coef", coef(f_chr)["grade3"])
# The same data with the factor keeping its declared (now unused) levels: R gives the empty level an NA column.
keep <- chr; keep$grade <- factor(keep$grade, levels = declared$grade)
f_keep <- coxph(Surv(time, status) ~ grade + ki67, data = keep)
txt("cc.unusedlevels.aliased", paste(names(coef(f_keep))[is.na(coef(f_keep))], collapse = ","))
p("cc.unusedlevels.grade2.coef", coef(f_keep)["grade2"])

# 2. default reference: T stage 0 is declared first but absent, so the first level present (1) is the reference.
cox("defref", main, c("t_stage"))
cox("defref.multi", main, c("t_stage", "grade"))
#    a configured reference absent from the data: R's relevel stops.
fails("absentref", relevel(factor(main$t_stage), ref = "0"))
# 3. the counts of that unfitted model: its complete cases and their events.
p("absentref.n", sum(complete.cases(main[, "t_stage", drop = FALSE])))
p("absentref.events", sum(main$status[complete.cases(main[, "t_stage", drop = FALSE])]))
#    a factor with one level among the complete cases: R's model.matrix stops.
one <- main[main$subtype == "luminal-b", ]
fails("onelevel", coxph(Surv(time, status) ~ factor(subtype), data = one))
p("onelevel.n", nrow(one)); p("onelevel.events", sum(one$status))

# 4. undefined is null: every death on one day among the only subjects at risk.
sameday <- d[d$site == "SAMEDAY", ]
fails("sameday.logrank", survdiff(Surv(time, status) ~ arm, data = sameday))

# 5. aliased terms: the two therapies always coincide; positive nodes = age - 20; T stage = grade.
cox("alias.therapy", main, c("chemotherapy", "radiotherapy", "age"))
cox("alias.nodes", main, c("age", "positive_nodes"))
cox("alias.tstage", d[d$site == "TG", ], c("grade", "t_stage"))
cox("alias.tstage.grade", d[d$site == "TG", ], c("grade"))

# 6. empty cohort: R has no model.
fails("empty", coxph(Surv(time, status) ~ grade, data = main[main$site == "NOWHERE", ]))

# 7. options: log-log 90% and plain 99% intervals, Fleming-Harrington rho 1 and 0.5, Cox at 90%.
km <- function(key, data, type, level, times) {
  f <- survfit(Surv(time, status) ~ arm, data = data, conf.type = type, conf.int = level)
  s <- summary(f, times = times)
  for (i in seq_along(s$time)) {
    k <- paste0(key, ".", sub("arm=", "", as.character(s$strata[i])), ".", s$time[i])
    p(paste0(k, ".surv"), s$surv[i]); p(paste0(k, ".se"), s$std.err[i])
    p(paste0(k, ".lower"), s$lower[i]); p(paste0(k, ".upper"), s$upper[i])
  }
  q <- quantile(f, probs = 0.5, conf.int = TRUE)
  for (g in levels(data$arm)) {
    r <- paste0("arm=", g)
    p(paste0(key, ".", g, ".median"), q$quantile[r, 1])
    p(paste0(key, ".", g, ".median.lower"), q$lower[r, 1]); p(paste0(key, ".", g, ".median.upper"), q$upper[r, 1])
  }
  ss <- summary(f, censored = TRUE)  # every curve point: the limits of the whole band
  for (g in levels(data$arm)) {
    w <- as.character(ss$strata) == paste0("arm=", g)
    p(paste0(key, ".", g, ".curve.lower.sum"), sum(ss$lower[w], na.rm = TRUE))
    p(paste0(key, ".", g, ".curve.upper.sum"), sum(ss$upper[w], na.rm = TRUE))
  }
}
lr <- function(key, data, rho, times) {
  s <- survdiff(Surv(time, status) ~ arm, data = data, rho = rho)
  p(paste0(key, ".chisq"), s$chisq); p(paste0(key, ".p"), pchisq(s$chisq, 1, lower.tail = FALSE))
  for (i in 1:2) { p(paste0(key, ".obs", i), s$obs[i]); p(paste0(key, ".exp", i), s$exp[i]) }
  for (h in times) {
    dh <- data; over <- dh$time > h; dh$status[over] <- 0; dh$time[over] <- h
    p(paste0(key, ".", h, ".chisq"), survdiff(Surv(time, status) ~ arm, data = dh, rho = rho)$chisq)
  }
}
km("loglog90", main, "log-log", 0.90, c(180, 365, 730))
lr("rho1", main, 1, c(180, 365, 730))
km("plain99", main, "plain", 0.99, c(180, 365, 730))
lr("rho05", main, 0.5, c(180, 365, 730))
cox("conf90", main, c("grade", "age"), refs = list(grade = "3"), conf = 0.90)

# 8. monotone likelihood: no luminal-a patient dies.
cox("monotone", main, c("subtype"), refs = list(subtype = "triple-negative"))
