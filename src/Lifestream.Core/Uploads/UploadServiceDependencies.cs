using Lifestream.Core.Configuration;
using Lifestream.Core.Jobs;
using Lifestream.Core.Storage;

namespace Lifestream.Core.Uploads;

/// <summary>
/// What <see cref="UploadService"/> and <see cref="UserJobService"/> both need, checked in one place: the options
/// are validated (every problem in one <see cref="UploadApiConfigurationException"/>) and no port may be null.
/// </summary>
internal sealed class UploadServiceDependencies
{
    public UploadServiceDependencies(UploadApiOptions options, IObjectStore objects, IUploadStorage storage, IJobStore jobs, IJobCatalog catalog, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.ThrowIfInvalid(problems => new UploadApiConfigurationException(problems));
        Objects = objects ?? throw new ArgumentNullException(nameof(objects));
        Storage = storage ?? throw new ArgumentNullException(nameof(storage));
        Jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        Time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public UploadApiOptions Options { get; }

    public IObjectStore Objects { get; }

    public IUploadStorage Storage { get; }

    public IJobStore Jobs { get; }

    public IJobCatalog Catalog { get; }

    public TimeProvider Time { get; }

    public void Deconstruct(out UploadApiOptions options, out IObjectStore objects, out IUploadStorage storage, out IJobStore jobs, out IJobCatalog catalog, out TimeProvider time) =>
        (options, objects, storage, jobs, catalog, time) = (Options, Objects, Storage, Jobs, Catalog, Time);
}
