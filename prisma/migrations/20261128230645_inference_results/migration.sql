-- CreateTable
CREATE TABLE "inference_results" (
    "job_id" UUID NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "output" JSONB,
    "error" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inference_results_pkey" PRIMARY KEY ("job_id")
);

-- CreateIndex
CREATE INDEX "inference_results_created_at_idx" ON "inference_results"("created_at");

