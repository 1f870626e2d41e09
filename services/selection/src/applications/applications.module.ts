import { Module } from '@nestjs/common';
import { DirectoryReplicaModule } from '@cadre/directory';
import { ApplicationsController } from './applications.controller';
import { Applications } from './applications.service';

/** 评先评优 applications (申报, 推荐); the data and APPLICATIONS_PORT come from the global ApplicationsDataModule. */
@Module({
  imports: [DirectoryReplicaModule],
  controllers: [ApplicationsController],
  providers: [Applications],
})
export class ApplicationsModule {}
