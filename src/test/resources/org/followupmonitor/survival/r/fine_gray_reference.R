# Reference numbers for FineGrayReferenceTest.
# Run from this directory:  Rscript fine_gray_reference.R
# Writes fine_gray_reference.txt (key=comma-separated values, %.17g; NA spelled out) and the data sets fg_*.csv
# exactly as used. Covariates enter crr as model.matrix() columns with treatment contrasts, as the Java
# DesignMatrix codes them. R 4.2, cmprsk 2.2-x (versions written into the output).
suppressMessages({ library(survival); library(cmprsk) })

out <- file("fine_gray_reference.txt", "w")
fmt <- function(x) {
  x <- as.numeric(x)
  ifelse(is.na(x) & !is.nan(x), "NA", ifelse(is.nan(x), "NaN",
    ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), sprintf("%.17g", x))))
}
put <- function(key, x) writeLines(paste0(key, "=", paste(fmt(x), collapse = ",")), out)
writeLines(paste0("# ", R.version.string, "; cmprsk ", packageVersion("cmprsk")), out)

fg <- function(key, d, formula, failcode) {
  mf <- model.frame(formula, data = d, na.action = na.pass)
  cov <- model.matrix(formula, mf)[, -1, drop = FALSE]
  f <- crr(d$time, d$status, cov, failcode = failcode, cencode = 0)
  s <- summary(f)
  se <- sqrt(diag(f$var))
  z <- f$coef / se
  put(paste0(key, ".coef"), f$coef)
  put(paste0(key, ".se"), se)
  put(paste0(key, ".hr"), exp(f$coef))
  put(paste0(key, ".lower"), s$conf.int[, 3])
  put(paste0(key, ".upper"), s$conf.int[, 4])
  put(paste0(key, ".z"), z)
  put(paste0(key, ".p"), 2 * pnorm(-abs(z)))
  put(paste0(key, ".loglik"), f$loglik)
  put(paste0(key, ".loglik.null"), f$loglik.null)
  put(paste0(key, ".converged"), as.numeric(f$converged))
  put(paste0(key, ".n"), f$n)
  put(paste0(key, ".n.missing"), f$n.missing)
  put(paste0(key, ".inf"), f$inf)
  put(paste0(key, ".var"), f$var)
  writeLines(paste0("# ", key, " terms: ", paste(names(f$coef), collapse = " ")), out)
}

# pbc (312 with trt): death (2) and transplant (1); edema a 3-level factor (reference 0), age, log(bili).
p0 <- survival::pbc
p0 <- p0[!is.na(p0$trt), ]
pbc <- data.frame(time = p0$time, status = p0$status, edema = p0$edema, age = p0$age, bili = p0$bili,
                  sex = as.integer(p0$sex == "f"), trt = p0$trt)
write.csv(pbc, "fg_pbc.csv", row.names = FALSE)
fg("fg.pbc.death", pbc, ~ factor(edema) + age + log(bili), 2)
fg("fg.pbc.transplant", pbc, ~ factor(edema) + age + log(bili), 1)
fg("fg.pbc.trt", pbc, ~ factor(trt), 2)
# mgus2: progression (1) with death competing; hgb has missing values (complete cases, n.missing).
m0 <- survival::mgus2
mg <- data.frame(time = ifelse(m0$pstat == 1, m0$ptime, m0$futime),
                 status = ifelse(m0$pstat == 1, 1, 2 * m0$death),
                 sex = as.integer(m0$sex == "M"), age = m0$age, hgb = m0$hgb)
write.csv(mg, "fg_mgus2.csv", row.names = FALSE, na = "NA")
fg("fg.mgus2.pcm", mg, ~ sex + age + hgb, 1)
fg("fg.mgus2.death", mg, ~ sex + age + hgb, 2)
# Synthetic, three causes, whole days 0..40 with heavy ties and time-0 rows; a 3-level factor with
# reference level 2 (relevel), a numeric covariate.
set.seed(1717)
n <- 300
g <- sample(0:2, n, replace = TRUE)
x <- round(rnorm(n, 50, 10), 1)
t <- pmin(40, floor(rexp(n, 1 / (15 + 5 * g))))
st <- sample(0:3, n, replace = TRUE, prob = c(0.3, 0.3, 0.25, 0.15))
syn <- data.frame(time = t, status = st, g = g, x = x)
write.csv(syn, "fg_synth.csv", row.names = FALSE)
fg("fg.synth.cause1", syn, ~ relevel(factor(g), "2") + x, 1)
fg("fg.synth.cause3", syn, ~ relevel(factor(g), "2") + x, 3)
# Monotone: no subject with x = 1 has cause 1, so its coefficient runs off to -infinity; crr stops after
# maxiter = 10 with converged = FALSE.
set.seed(1)
n <- 100
x <- rbinom(n, 1, 0.5)
t <- round(rexp(n) * 100)
st <- ifelse(runif(n) < 0.3, 0, ifelse(x == 1, 2, sample(1:2, n, TRUE)))
mono <- data.frame(time = t, status = st, x = x)
write.csv(mono, "fg_monotone.csv", row.names = FALSE)
fg("fg.monotone", mono, ~ x, 1)
close(out)
