using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsIntranet.Core.Common;

namespace OpsIntranet.Core.Data.Configurations;

public class FormSubmissionConfiguration : IEntityTypeConfiguration<FormSubmission>
{
    public void Configure(EntityTypeBuilder<FormSubmission> builder)
    {
        builder.HasKey(s => s.Token);
        builder.Property(s => s.Token).ValueGeneratedNever();
        builder.Property(s => s.Kind).HasMaxLength(40);
        builder.HasIndex(s => s.CreatedAt);
    }
}
