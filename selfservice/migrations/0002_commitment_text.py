from django.db import migrations

TEXT = """本企业郑重承诺：
一、严格遵守《中华人民共和国产品质量法》等法律法规，落实质量安全主体责任，对所生产、销售的产品质量负责。
二、建立健全质量管理体系，执行国家标准、行业标准和企业明示的标准，不生产、销售不合格产品，不以假充真、以次充好。
三、如实向市场监督管理部门和社会公开质量信息，不弄虚作假，接受监督抽查和社会监督。
四、认真处理消费者投诉和质量申诉，依法履行召回、修理、更换、退货和赔偿责任。
五、如违反上述承诺，自愿接受相应的信用惩戒，并承担相应的法律责任。"""


def forwards(apps, schema_editor):
    CommitmentText = apps.get_model("selfservice", "CommitmentText")
    CommitmentText.objects.get_or_create(
        version="2026-1",
        defaults={"title": "企业质量诚信承诺书", "body": TEXT, "is_active": True},
    )


def backwards(apps, schema_editor):
    apps.get_model("selfservice", "CommitmentText").objects.filter(version="2026-1").delete()


class Migration(migrations.Migration):
    dependencies = [("selfservice", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
